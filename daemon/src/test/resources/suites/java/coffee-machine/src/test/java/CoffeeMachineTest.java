import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import utils.CoffeeMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

public class CoffeeMachineTest {

    @Test
    @Tag("task:1")
    @DisplayName("The brewTimeInSeconds method exists, is public and returns an int")
    public void implementedBrewTime() {
        CoffeeMachine machine = new CoffeeMachine();
        assertThat(machine.hasMethod("brewTimeInSeconds", int.class))
                .withFailMessage("Method brewTimeInSeconds must be created")
                .isTrue();
        assertThat(machine.isMethodPublic("brewTimeInSeconds", int.class))
                .withFailMessage("Method brewTimeInSeconds must be public")
                .isTrue();
        assertThat(machine.returns(int.class, "brewTimeInSeconds", int.class))
                .withFailMessage("Method brewTimeInSeconds must return an int")
                .isTrue();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Brewing one cup takes 55 seconds")
    public void brewTimeForOneCup() {
        assertThat(new CoffeeMachine().brewTimeInSeconds(1)).isEqualTo(55);
    }

    @Test
    @Tag("task:1")
    @DisplayName("Brewing four cups takes 130 seconds")
    public void brewTimeForFourCups() {
        assertThat(new CoffeeMachine().brewTimeInSeconds(4)).isEqualTo(130);
    }

    @Test
    @Tag("task:2")
    @DisplayName("The isDescaleNeeded method exists and returns a boolean")
    public void implementedDescale() {
        CoffeeMachine machine = new CoffeeMachine();
        assertThat(machine.hasMethod("isDescaleNeeded", int.class)).isTrue();
        assertThat(machine.returns(boolean.class, "isDescaleNeeded", int.class)).isTrue();
    }

    @Test
    @Tag("task:2")
    @DisplayName("No descaling after 199 cups")
    public void noDescaleBelowThreshold() {
        assertThat(new CoffeeMachine().isDescaleNeeded(199)).isFalse();
    }

    @Test
    @Tag("task:2")
    @DisplayName("Descaling after 200 cups")
    public void descaleAtThreshold() {
        assertThat(new CoffeeMachine().isDescaleNeeded(200)).isTrue();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Three cups need 0.45 liters of water")
    public void waterForThreeCups() {
        assertThat(new CoffeeMachine().waterNeededInLiters(3)).isCloseTo(0.45, within(1e-9));
    }
}
