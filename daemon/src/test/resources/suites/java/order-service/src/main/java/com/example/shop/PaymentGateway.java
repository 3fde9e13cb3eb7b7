package com.example.shop;

public interface PaymentGateway {
    /** Charges the customer; returns a transaction id, or throws PaymentDeclinedException. */
    String charge(String customerId, long amountCents);
}
