"""Doorlopende Lijn: regional exchange board, case register and warm handover for the U16 region."""

__version__ = "0.1.0"
APP_NAME = "Doorlopende Lijn"
APP_ID = "DoorlopendeLijn"
