"""The Textual face of campmeeting: screens and widgets over the core."""
