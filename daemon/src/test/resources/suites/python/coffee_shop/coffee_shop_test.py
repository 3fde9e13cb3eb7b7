import unittest
import pytest

# pylint: disable=import-error
try:
    from coffee_shop import (BREW_TIME,
                             brew_time_remaining,
                             preparation_time_in_minutes,
                             elapsed_time_in_minutes)

except ImportError as import_fail:
    # pylint: disable=raise-missing-from
    item_name = import_fail.args[0].split()[3]
    raise ImportError(f'In your coffee_shop.py file, we can not find or import the'
                      f' function or constant named {item_name}. Did you mis-name or forget to define it?') from None


class CoffeeShopTest(unittest.TestCase):

    @pytest.mark.task(taskno=1)
    def test_BREW_TIME(self):
        self.assertEqual(BREW_TIME, 6, msg=f'Expected a BREW_TIME of 6 minutes, but it was {BREW_TIME}.')

    @pytest.mark.task(taskno=2)
    def test_brew_time_remaining(self):
        input_data = [0, 1, 2, 4, 5, 6]
        result_data = [BREW_TIME - item for item in input_data]

        for variant, (time, expected) in enumerate(zip(input_data, result_data), start=1):
            with self.subTest(f'variation #{variant}', time=time, expected=expected):
                actual_result = brew_time_remaining(time)
                failure_msg = (f'Called brew_time_remaining({time}). The function returned {actual_result}, '
                               f'but the tests expected {expected} as the remaining brew time.')
                self.assertEqual(actual_result, expected, msg=failure_msg)

    @pytest.mark.task(taskno=3)
    def test_preparation_time_in_minutes(self):
        input_data = [1, 2, 5, 8, 11, 15]
        result_data = [item * 2 for item in input_data]

        for variant, (batches, expected) in enumerate(zip(input_data, result_data), start=1):
            with self.subTest(f'variation #{variant}', batches=batches, expected=expected):
                actual_result = preparation_time_in_minutes(batches)
                self.assertEqual(actual_result, expected,
                                 msg=f'Called preparation_time_in_minutes({batches}): got {actual_result}.')

    @pytest.mark.task(taskno=4)
    def test_elapsed_time_in_minutes(self):
        batch_data = [1, 2, 5, 8, 11, 15]
        brew_data = [1, 3, 5, 6, 2, 4]
        result_data = [batches * 2 + brewed for batches, brewed in zip(batch_data, brew_data)]

        for variant, (batches, brewed, expected) in enumerate(zip(batch_data, brew_data, result_data), start=1):
            with self.subTest(f'variation #{variant}', batches=batches, brewed=brewed, expected=expected):
                actual_result = elapsed_time_in_minutes(batches, brewed)
                self.assertEqual(actual_result, expected)

    @pytest.mark.task(taskno=5)
    def test_docstrings_were_written(self):
        functions = [brew_time_remaining, preparation_time_in_minutes, elapsed_time_in_minutes]

        for variant, function in enumerate(functions, start=1):
            with self.subTest(f'variation #{variant}', function=function):
                failure_msg = f'Expected a docstring for `{function.__name__}`, but received `None` instead.'
                self.assertIsNotNone(function.__doc__, msg=failure_msg)
