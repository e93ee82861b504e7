"""Establishing who a resident is: the taxpayer number and identity documents, the
person key, age, the id.gov.ua gateway, and matching a provider's address to a
settlement. Writes live in accounts.services.identity; this package holds no models."""
