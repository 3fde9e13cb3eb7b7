package edu.course.isbn;

public final class IsbnVerifier {

    public boolean isValid(String candidate) {
        if (candidate == null) {
            throw new IllegalArgumentException("candidate must not be null");
        }
        String digits = candidate.replace("-", "");
        if (digits.length() != 10) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            char c = digits.charAt(i);
            int value;
            if (c == 'X' && i == 9) {
                value = 10;
            } else if (Character.isDigit(c)) {
                value = c - '0';
            } else {
                return false;
            }
            sum += value * (10 - i);
        }
        return sum % 11 == 0;
    }
}
