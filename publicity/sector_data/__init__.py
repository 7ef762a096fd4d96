"""The school's Công khai figures from the sector database's exports (issue 25): read the
pupils' and staff lists a school downloads from the sector database (vnEdu, SMAS, the
portal), keep only counts, and make draft disclosure versions of the items they fill.

columns.py (headers) → values.py (cells) → reading.py (the file, streamed) →
aggregates.py (counts) → stored.py (the model) → tables.py (items as tables) →
drafts.py (versions) → service.py (one import) → annual_report.py, open_data.py;
views.py / admin_urls.py are the screens, sample.py the generated demo export."""
