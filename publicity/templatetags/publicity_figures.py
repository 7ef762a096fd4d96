"""The figures of Công khai in the admin's tables (publicity.figures): one head, one row
and one glossary for every screen, so the columns and their names cannot drift."""

from django import template

from publicity import figures

register = template.Library()


def _columns(kind):
    return figures.COMPACT if kind == "compact" else figures.COLUMNS


@register.inclusion_tag("publicity/admin/_figures_head.html")
def figures_head(kind=""):
    return {"columns": figures.columns(_columns(kind))}


@register.inclusion_tag("publicity/admin/_figures_cells.html")
def figures_cells(values, kind=""):
    return {"cells": values.cells(_columns(kind))}


@register.inclusion_tag("publicity/admin/_figures_summary.html")
def figures_summary(values):
    return {"columns": figures.columns(), "cells": values.cells()}


@register.inclusion_tag("publicity/admin/_glossary.html")
def figures_glossary():
    return {"glossary": figures.glossary()}
