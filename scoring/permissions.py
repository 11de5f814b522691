"""Who may use the model pages: one definition for the views and the navigation."""
from __future__ import annotations

PERMISSION = "scoring.manage_models"


def can_manage_models(user) -> bool:
    """Active staff holding the 'manage models' permission (a superuser holds every permission)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff
                and user.has_perm(PERMISSION))
