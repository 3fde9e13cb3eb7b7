VEGAN = {"rice", "tofu", "lentils", "spinach", "onion", "garlic", "olive oil", "tomato", "chickpeas", "peanuts"}
VEGETARIAN = VEGAN | {"egg", "milk", "cheese", "butter", "honey"}
OMNIVORE = VEGETARIAN | {"chicken", "beef", "fish", "bacon"}
ALLERGENS = {"peanuts", "milk", "egg", "fish", "wheat"}
