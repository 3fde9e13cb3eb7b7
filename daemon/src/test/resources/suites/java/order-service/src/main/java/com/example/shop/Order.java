package com.example.shop;

public class Order {
    public enum Status { NEW, PAID, FAILED }

    private final long id;
    private final String customerId;
    private final long totalCents;
    private Status status = Status.NEW;
    private String transactionId;

    public Order(long id, String customerId, long totalCents) {
        this.id = id;
        this.customerId = customerId;
        this.totalCents = totalCents;
    }

    public long getId() { return id; }
    public String getCustomerId() { return customerId; }
    public long getTotalCents() { return totalCents; }
    public Status getStatus() { return status; }
    public String getTransactionId() { return transactionId; }

    void markPaid(String transactionId) {
        this.status = Status.PAID;
        this.transactionId = transactionId;
    }

    void markFailed() {
        this.status = Status.FAILED;
    }
}
