<?php

declare(strict_types=1);

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\Attributes\TestDox;
use PHPUnit\Framework\TestCase;

class DigitSumTest extends TestCase
{
    public static function setUpBeforeClass(): void
    {
        require_once 'DigitSum.php';
    }

    #[TestDox('Zero has digit sum zero')]
    public function testZero(): void
    {
        $this->assertSame(0, digitSum(0));
    }

    #[TestDox('Several digits are added')]
    public function testSeveralDigits(): void
    {
        $this->assertSame(15, digitSum(12345));
    }

    #[TestDox('The sign is ignored')]
    public function testNegative(): void
    {
        $this->assertSame(13, digitSum(-409));
    }

    public static function roots(): array
    {
        return [
            'one digit' => [5, 5],
            'two rounds' => [9875, 2],
            'negative' => [-38, 2],
        ];
    }

    #[DataProvider('roots')]
    #[TestDox('Digital root of $number is $expected')]
    public function testDigitalRoot(int $number, int $expected): void
    {
        $this->assertSame($expected, digitalRoot($number));
    }
}
