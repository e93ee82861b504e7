from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with tiny costs: the same algorithm and prefix, fast enough for tests."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1
