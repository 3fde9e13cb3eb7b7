# pylint: disable=line-too-long
recipes_with_duplicates = [
    ("Dal", ["lentils", "onion", "garlic", "lentils", "tomato"]),
    ("Omelette", ["egg", "milk", "cheese", "egg"]),
]
recipes_without_duplicates = [
    ("Dal", {"lentils", "onion", "garlic", "tomato"}),
    ("Omelette", {"egg", "milk", "cheese"}),
]
dishes_categorized = [
    ("Dal", ["lentils", "onion", "garlic"], "Dal: VEGAN"),
    ("Omelette", ["egg", "cheese"], "Omelette: VEGETARIAN"),
    ("Fried Fish", ["fish", "olive oil", "garlic"], "Fried Fish: OMNIVORE"),
]
dishes_and_allergens = [
    ("Satay", ["tofu", "peanuts", "garlic"], {"peanuts"}),
    ("Pancakes", ["egg", "milk", "honey"], {"egg", "milk"}),
]
