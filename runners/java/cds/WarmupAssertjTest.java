package kerat_warmup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Class data sharing warm-up (see WarmupJupiterTest): AssertJ, Hamcrest and Mockito, passing and failing. */
@ExtendWith(MockitoExtension.class)
class WarmupAssertjTest {
    interface Repo {
        String find(int id);
    }

    @Mock
    Repo repo;

    @Test
    void assertjPasses() {
        assertThat("Hello, World!").isEqualTo("Hello, World!").startsWith("Hello").contains("World").hasSize(13);
        assertThat(42).isEqualTo(42).isPositive().isGreaterThan(41).isBetween(0, 100);
        assertThat(42L).isEqualTo(42L);
        assertThat(3.14).isCloseTo(3.1, within(0.1));
        assertThat(true).isTrue();
        assertThat(List.of(1, 2, 3)).containsExactly(1, 2, 3).contains(2).hasSize(3).doesNotContain(4);
        assertThat(List.of("b", "a")).containsExactlyInAnyOrder("a", "b");
        assertThat(new ArrayList<String>()).isEmpty();
        assertThat(Map.of("k", 1)).containsEntry("k", 1).contains(entry("k", 1)).hasSize(1);
        assertThat(new int[]{1, 2}).containsExactly(1, 2);
        assertThat(new String[]{"x"}).containsOnly("x");
        assertThat(Optional.of("v")).contains("v");
        assertThat('c').isEqualTo('c');
        assertThat((Object) null).isNull();
        assertThat(List.of("ab", "cd")).extracting(String::length).containsOnly(2);
        assertThatThrownBy(() -> {
            throw new IllegalArgumentException("negative");
        }).isInstanceOf(IllegalArgumentException.class).hasMessage("negative");
        assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> System.out.println(1 / (hashCode() * 0)));
    }

    @Test
    void assertjFails() {
        assertThat("Hello").isEqualTo("World");
    }

    @Test
    void assertjFailsOnLists() {
        assertThat(List.of(1, 2)).containsExactly(2, 1);
    }

    @Test
    void hamcrest() {
        assertThat("abc", containsString("b"));
        assertThat(List.of(1, 2), hasItem(2));
        assertThat(1, is(2));
    }

    @Test
    void mockito() {
        when(repo.find(anyInt())).thenReturn("found");
        assertThat(repo.find(1)).isEqualTo("found");
        verify(repo, times(1)).find(1);
        @SuppressWarnings("unchecked")
        List<String> list = mock(List.class);
        when(list.size()).thenReturn(7);
        assertThat(list.size()).isEqualTo(7);
    }
}
