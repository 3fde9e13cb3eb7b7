package com.example.shop;

public class OrderService {
    private final OrderRepository orders;
    private final PaymentGateway payments;

    public OrderService(OrderRepository orders, PaymentGateway payments) {
        this.orders = orders;
        this.payments = payments;
    }

    /** Pays a new order: charges its total, records the outcome and saves it. */
    public Order pay(long orderId) {
        Order order = orders.findById(orderId)
                .orElseThrow(() -> new IllegalArgumentException("no order " + orderId));
        if (order.getStatus() == Order.Status.PAID) {
            throw new IllegalStateException("order " + orderId + " is already paid");
        }
        try {
            order.markPaid(payments.charge(order.getCustomerId(), order.getTotalCents()));
        } catch (PaymentDeclinedException e) {
            order.markFailed();
        }
        orders.save(order);
        return order;
    }
}
