"""Functions for running a small coffee shop."""

#: Minutes a batch of filter coffee takes to brew.
BREW_TIME = 6
#: Minutes it takes to grind the beans for one batch.
GRIND_TIME = 2


def brew_time_remaining(elapsed_brew_time):
    """Return the minutes left to brew, given the minutes the coffee has been brewing.

    :param elapsed_brew_time: int - minutes the batch has been brewing.
    :return: int - minutes of brewing left (BREW_TIME - elapsed_brew_time).
    """
    return BREW_TIME - elapsed_brew_time


def preparation_time_in_minutes(number_of_batches):
    """Return the minutes spent grinding beans for the given number of batches."""
    return number_of_batches * GRIND_TIME


def elapsed_time_in_minutes(number_of_batches, elapsed_brew_time):
    """Return grinding time for all batches plus the brewing time so far."""
    return preparation_time_in_minutes(number_of_batches) + elapsed_brew_time
