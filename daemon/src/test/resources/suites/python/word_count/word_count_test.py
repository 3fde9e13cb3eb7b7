# These tests follow the canonical data of the word-count exercise.

import unittest

from word_count import (
    count_words,
)


class WordCountTest(unittest.TestCase):
    def test_count_one_word(self):
        self.assertEqual(count_words("word"), {"word": 1})

    def test_count_one_of_each_word(self):
        self.assertEqual(count_words("one of each"), {"one": 1, "of": 1, "each": 1})

    def test_multiple_occurrences_of_a_word(self):
        self.assertEqual(
            count_words("one fish two fish red fish blue fish"),
            {"one": 1, "fish": 4, "two": 1, "red": 1, "blue": 1},
        )

    def test_handles_cramped_lists(self):
        self.assertEqual(count_words("one,two,three"), {"one": 1, "two": 1, "three": 1})

    def test_ignore_punctuation(self):
        self.assertEqual(
            count_words("car: carpet as java: javascript!!&@$%^&"),
            {"car": 1, "carpet": 1, "as": 1, "java": 1, "javascript": 1},
        )

    def test_normalize_case(self):
        self.assertEqual(count_words("go Go GO Stop stop"), {"go": 3, "stop": 2})

    def test_with_apostrophes(self):
        self.assertEqual(
            count_words("'First: don't laugh. Then: don't cry. You're getting it.'"),
            {"first": 1, "don't": 2, "laugh": 1, "then": 1, "cry": 1, "you're": 1, "getting": 1, "it": 1},
        )

    def test_multiple_spaces_not_detected_as_a_word(self):
        self.assertEqual(count_words(" multiple   whitespaces"), {"multiple": 1, "whitespaces": 1})

    # Additional tests for this track

    def test_tabs(self):
        self.assertEqual(
            count_words("rah rah ah ah ah\troma roma ma\tga ga oh la la\tlet's go"),
            {"rah": 2, "ah": 3, "roma": 2, "ma": 1, "ga": 2, "oh": 1, "la": 2, "let's": 1, "go": 1},
        )

    def test_non_alphanumeric(self):
        self.assertEqual(count_words("hey,my_spacebar_is_broken"), {"hey": 1, "my": 1, "spacebar": 1, "is": 1, "broken": 1})

    def test_multilingual_is_counted_with_assert_count_equal(self):
        self.assertCountEqual(count_words("one two two").items(), [("two", 2), ("one", 1)])
