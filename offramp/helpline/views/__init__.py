"""The helpline's pages, one module per room (as `services/`); `urls.py` imports them."""
