<?php

declare(strict_types=1);

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\Attributes\Test;
use PHPUnit\Framework\Attributes\TestWith;
use PHPUnit\Framework\TestCase;

final class RomanNumeralsTest extends TestCase
{
    public static function setUpBeforeClass(): void
    {
        require_once __DIR__ . '/RomanNumerals.php';
    }

    public static function numbers(): iterable
    {
        yield 'one' => [1, 'I'];
        yield 'four' => [4, 'IV'];
        yield 'nineteen ninety-four' => [1994, 'MCMXCIV'];
        yield 'largest' => [3999, 'MMMCMXCIX'];
    }

    #[Test]
    #[DataProvider('numbers')]
    public function convertsToRoman(int $n, string $roman): void
    {
        $this->assertSame($roman, RomanNumerals::toRoman($n));
    }

    #[Test]
    #[DataProvider('numbers')]
    public function convertsBack(int $n, string $roman): void
    {
        $this->assertSame($n, RomanNumerals::fromRoman($roman));
    }

    #[Test]
    #[TestWith([0])]
    #[TestWith([4000])]
    public function refusesOutOfRange(int $n): void
    {
        $this->expectException(DomainException::class);
        RomanNumerals::toRoman($n);
    }
}
