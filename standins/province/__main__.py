"""``python -m standins.province``: the stand-in platform with the demo county (see app.py)."""

from standins.province.app import main

main()
