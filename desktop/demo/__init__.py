"""The demo county behind ``make run``: made-up people, a seeded local server, a demo device.

``marker`` (the demo passphrase and the demo-folder mark) ships with the app so the unlock
screen can show the passphrase; the rest needs the county server and runs from a checkout.
"""
