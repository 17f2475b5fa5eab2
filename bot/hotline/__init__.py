"""The hotline: reports, urgency triage, and (to come) the caseworker desk."""
