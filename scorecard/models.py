"""The scorecard app keeps no tables of its own (it shows what `indicators` holds). This module exists so
that Django sends the app its post-migrate signal, after every other app's permissions exist."""
