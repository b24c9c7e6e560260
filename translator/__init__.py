"""translator: Russian news articles in, clean, labelled, attributed English copies out."""

__version__ = "0.1.0"
