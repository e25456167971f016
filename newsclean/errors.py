"""Errors a user can act on."""


class InputError(ValueError):
    """The input cannot be cleaned: wrong type, empty, too large, or undecodable.

    The message names the input (when it has a name) and the problem.
    """

    def __init__(self, problem: str, name: str | None = None):
        self.problem = problem
        self.name = name
        super().__init__(f"{name}: {problem}" if name else problem)
