<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/**
 * Written in the PHPUnit 9 style (doc-comment annotations), which PHPUnit 11 still runs.
 */
class BracketBalanceTest extends TestCase
{
    public static function setUpBeforeClass(): void
    {
        require_once 'BracketBalance.php';
    }

    public static function balanced(): array
    {
        return [
            'empty string' => [''],
            'one pair' => ['()'],
            'nested' => ['{[()]}'],
            'with text' => ['f(x) = [a, {b}]'],
        ];
    }

    public static function unbalanced(): array
    {
        return [
            'opening only' => ['('],
            'wrong order' => [')('],
            'crossed' => ['[(])'],
        ];
    }

    /**
     * @dataProvider balanced
     */
    public function testBalanced(string $text): void
    {
        $this->assertTrue(isBalanced($text));
    }

    /**
     * @dataProvider unbalanced
     * @testdox Unbalanced: $text
     */
    public function testUnbalanced(string $text): void
    {
        $this->assertFalse(isBalanced($text));
    }

    /**
     * @test
     */
    public function closingOnlyIsUnbalanced(): void
    {
        $this->assertFalse(isBalanced('}'));
    }
}
