"""Editors' corrections: approved translations, found again by their source text.

An editor's fixed translation of a block or a sentence is an *approved
pair* (:mod:`.pairs`), looked up by its normalised source (:mod:`.keys`)
before the memory and the model; near matches come back as suggestions
(:mod:`.near`), never as the translation. :mod:`.approved` is what the
pipeline asks (the store answers it); :mod:`.tmx` reads and writes TMX.
"""
