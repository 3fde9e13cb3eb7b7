<?php

declare(strict_types=1);

final class RomanNumerals
{
    private const TABLE = [
        'M' => 1000, 'CM' => 900, 'D' => 500, 'CD' => 400, 'C' => 100, 'XC' => 90,
        'L' => 50, 'XL' => 40, 'X' => 10, 'IX' => 9, 'V' => 5, 'IV' => 4, 'I' => 1,
    ];

    public static function toRoman(int $n): string
    {
        if ($n < 1 || $n > 3999) {
            throw new DomainException("out of range: $n");
        }
        $out = '';
        foreach (self::TABLE as $symbol => $value) {
            while ($n >= $value) {
                $out .= $symbol;
                $n -= $value;
            }
        }
        return $out;
    }

    public static function fromRoman(string $s): int
    {
        $total = 0;
        $i = 0;
        while ($i < strlen($s)) {
            $two = substr($s, $i, 2);
            if (strlen($two) === 2 && isset(self::TABLE[$two])) {
                $total += self::TABLE[$two];
                $i += 2;
            } else {
                $total += self::TABLE[$s[$i]] ?? throw new DomainException("not a numeral: {$s[$i]}");
                $i++;
            }
        }
        return $total;
    }
}
