import unittest
import pytest

from menu_sets import (clean_ingredients,
                       categorize_dish,
                       tag_allergens,
                       shared_ingredients)

from menu_sets_test_data import (recipes_with_duplicates,
                                 recipes_without_duplicates,
                                 dishes_categorized,
                                 dishes_and_allergens)


class MenuSetsTest(unittest.TestCase):

    @pytest.mark.task(taskno=1)
    def test_clean_ingredients(self):
        test_data = zip(recipes_with_duplicates, recipes_without_duplicates)

        for variant, (item, result) in enumerate(test_data, start=1):
            with self.subTest(f"variation #{variant}", recipe=item, result=result):
                self.assertEqual(clean_ingredients(item[0], item[1]), result)

    @pytest.mark.task(taskno=2)
    def test_categorize_dish(self):
        for variant, (name, ingredients, result) in enumerate(dishes_categorized, start=1):
            with self.subTest(f"variation #{variant}", name=name, result=result):
                self.assertEqual(categorize_dish(name, ingredients), result)

    @pytest.mark.task(taskno=3)
    def test_tag_allergens(self):
        for variant, (name, ingredients, result) in enumerate(dishes_and_allergens, start=1):
            with self.subTest(f"variation #{variant}", name=name, result=result):
                self.assertEqual(tag_allergens(name, ingredients), (name, result))

    @pytest.mark.task(taskno=4)
    def test_shared_ingredients(self):
        dishes = [["garlic", "onion", "rice"], ["garlic", "tofu"], ["garlic", "onion"]]
        self.assertEqual(shared_ingredients(dishes), {"garlic"})
