"""Sorting the dishes of a menu with sets."""

from menu_sets_categories_data import VEGAN, VEGETARIAN, OMNIVORE, ALLERGENS


def clean_ingredients(dish_name, dish_ingredients):
    return dish_name, set(dish_ingredients)


def categorize_dish(dish_name, dish_ingredients):
    ingredients = set(dish_ingredients)
    for label, category in (("VEGAN", VEGAN), ("VEGETARIAN", VEGETARIAN), ("OMNIVORE", OMNIVORE)):
        if ingredients <= category:
            return f"{dish_name}: {label}"
    return f"{dish_name}: UNKNOWN"


def tag_allergens(dish_name, dish_ingredients):
    return dish_name, set(dish_ingredients) & ALLERGENS


def shared_ingredients(dishes):
    dishes = [set(d) for d in dishes]
    return set.intersection(*dishes) if dishes else set()
