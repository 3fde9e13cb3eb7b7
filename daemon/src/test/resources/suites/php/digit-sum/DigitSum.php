<?php

declare(strict_types=1);

function digitSum(int $number): int
{
    $sum = 0;
    foreach (str_split((string) abs($number)) as $digit) {
        $sum += (int) $digit;
    }
    return $sum;
}

function digitalRoot(int $number): int
{
    $number = abs($number);
    while ($number >= 10) {
        $number = digitSum($number);
    }
    return $number;
}
