package utils;

public class CoffeeMachine extends ReflectionHelper {

    @Override
    protected String targetClassName() {
        return "CoffeeMachine";
    }

    public int brewTimeInSeconds(int cups) {
        return invoke("brewTimeInSeconds", new Class<?>[]{int.class}, cups);
    }

    public boolean isDescaleNeeded(int cupsSinceDescale) {
        return invoke("isDescaleNeeded", new Class<?>[]{int.class}, cupsSinceDescale);
    }

    public double waterNeededInLiters(int cups) {
        return invoke("waterNeededInLiters", new Class<?>[]{int.class}, cups);
    }
}
