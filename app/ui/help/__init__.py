"""Help in the program: the user guide (resources/help/*.html) in a help window, the list of shortcuts
generated from the window's actions, and the glossary of domain words. Nothing here is imported before
the user asks for help, except the few lines in ``menu``."""
