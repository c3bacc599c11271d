"""The compiled core (see inbound)."""
