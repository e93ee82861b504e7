"""Users, departments, teams and roles (later: identity providers and residency)."""
