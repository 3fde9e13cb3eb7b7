package com.example.shop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InjectMocks;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

@ExtendWith(MockitoExtension.class)
class OrderServiceTest {

    @Mock
    private OrderRepository orders;

    @Mock
    private PaymentGateway payments;

    @InjectMocks
    private OrderService service;

    @Test
    @DisplayName("a new order is charged its total and saved as paid")
    void paysNewOrder() {
        Order order = new Order(7, "alice", 1250);
        when(orders.findById(7)).thenReturn(Optional.of(order));
        when(payments.charge("alice", 1250)).thenReturn("tx-1");

        Order paid = service.pay(7);

        assertThat(paid.getStatus()).isEqualTo(Order.Status.PAID);
        assertThat(paid.getTransactionId()).isEqualTo("tx-1");
        verify(orders).save(order);
    }

    @Test
    void declinedPaymentMarksTheOrderFailed() {
        Order order = new Order(8, "bob", 99);
        when(orders.findById(8)).thenReturn(Optional.of(order));
        when(payments.charge(anyString(), anyLong())).thenThrow(new PaymentDeclinedException("insufficient funds"));

        service.pay(8);

        ArgumentCaptor<Order> saved = ArgumentCaptor.forClass(Order.class);
        verify(orders).save(saved.capture());
        assertThat(saved.getValue().getStatus()).isEqualTo(Order.Status.FAILED);
        assertThat(saved.getValue().getTransactionId()).isNull();
    }

    @Test
    void unknownOrderIsRejected() {
        when(orders.findById(anyLong())).thenReturn(Optional.empty());

        assertThatThrownBy(() -> service.pay(42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no order 42");
        verify(payments, never()).charge(anyString(), anyLong());
    }

    @Test
    void paidOrderIsNotChargedTwice() {
        Order order = new Order(9, "carol", 500);
        when(orders.findById(9)).thenReturn(Optional.of(order));
        when(payments.charge("carol", 500)).thenReturn("tx-9");
        service.pay(9);

        assertThatThrownBy(() -> service.pay(9))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already paid");
        verify(orders, org.mockito.Mockito.times(1)).save(any(Order.class));
    }
}
