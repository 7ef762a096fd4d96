"""Object views of a ModelViewSet that open an object only within the user's reach.

Wagtail's generic history, usage, copy and inspect views check only that the user holds
the model permission ("may change some visitor question"), then open whatever id the
URL names; edit and delete views use the viewset's plain queryset. A viewset that mixes
in ReachViewSetMixin answers `reach(request, action)` once (a queryset built from the
sites predicates) and every view that opens one object finds it there, or answers 404.
"""

from functools import cache

from django.http import Http404

from wagtail.admin.views.generic import CopyView, DeleteView, EditView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

# The action each object view performs, for `reach(request, action)`.
VIEW_ACTIONS = (
    (EditView, "change"),
    (DeleteView, "delete"),
    (CopyView, "view"),
    (HistoryView, "view"),
    (UsageView, "view"),
    (InspectView, "view"),
)


def _action_of(view_class):
    for base, action in VIEW_ACTIONS:
        if issubclass(view_class, base):
            return action
    return None


@cache
def within_reach(view_class):
    """`view_class` with its object looked up in `self.reach(request, action)`."""
    action = _action_of(view_class)

    class Scoped(view_class):
        reach = None  # set by the viewset (a view init kwarg)
        reach_action = action

        def reachable(self):
            return self.reach(self.request, self.reach_action)

        def get_base_object_queryset(self):  # history, usage
            return self.reachable()

        def get_object(self, *args, **kwargs):  # copy, inspect look up by model
            obj = super().get_object(*args, **kwargs)
            if not self.reachable().filter(pk=obj.pk).exists():
                raise Http404
            return obj

    if issubclass(view_class, (EditView, DeleteView)):
        # They look their object up in get_queryset (SingleObjectMixin); in the history
        # and usage views get_queryset is the listing of log entries or references.
        Scoped.get_queryset = Scoped.reachable
    Scoped.__name__ = Scoped.__qualname__ = f"Reach{view_class.__name__}"
    return Scoped


class ReachViewSetMixin:
    """Mix into a ModelViewSet and define `reach(request, action)`: the objects of the
    model the request's user may open for `action` ("view", "change", "delete")."""

    def reach(self, request, action):
        raise NotImplementedError

    def construct_view(self, view_class, **kwargs):
        if _action_of(view_class) is not None:
            view_class = within_reach(view_class)
            kwargs["reach"] = self.reach
        return super().construct_view(view_class, **kwargs)
