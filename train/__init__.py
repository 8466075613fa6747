"""Training of the shipped models (not part of the installed package): `make train`."""
