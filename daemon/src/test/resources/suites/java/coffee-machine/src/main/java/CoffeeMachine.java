public class CoffeeMachine {
    private static final int DESCALE_EVERY = 200;

    public int brewTimeInSeconds(int cups) {
        return 30 + 25 * cups;
    }

    public boolean isDescaleNeeded(int cupsSinceDescale) {
        return cupsSinceDescale >= DESCALE_EVERY;
    }

    public double waterNeededInLiters(int cups) {
        return cups * 0.15;
    }
}
