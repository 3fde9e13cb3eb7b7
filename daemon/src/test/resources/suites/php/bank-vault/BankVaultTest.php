<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

class BankVaultTest extends TestCase
{
    private BankVault $vault;

    public static function setUpBeforeClass(): void
    {
        require_once 'BankVault.php';
    }

    protected function setUp(): void
    {
        $this->vault = new BankVault();
    }

    public function testDepositAddsToBalance(): void
    {
        $this->vault->deposit('alice', 500);
        $this->vault->deposit('alice', 250);
        $this->assertSame(750, $this->vault->balance('alice'));
    }

    public function testUnknownAccountHasZero(): void
    {
        $this->assertSame(0, $this->vault->balance('nobody'));
    }

    public function testDepositMustBePositive(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('must be positive');
        $this->vault->deposit('bob', 0);
    }

    public function testWithdraw(): void
    {
        $this->vault->deposit('carol', 1000);
        $this->vault->withdraw('carol', 400);
        $this->assertSame(600, $this->vault->balance('carol'));
    }

    public function testOverdrawIsRefused(): void
    {
        $this->vault->deposit('dave', 100);
        try {
            $this->vault->withdraw('dave', 101);
            $this->fail('the withdrawal should have been refused');
        } catch (InsufficientFunds $e) {
            $this->assertStringContainsString('dave', $e->getMessage());
        }
        $this->assertSame(100, $this->vault->balance('dave'));
    }
}
