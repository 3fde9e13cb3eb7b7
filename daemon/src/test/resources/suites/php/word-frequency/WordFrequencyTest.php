<?php

declare(strict_types=1);

use PHPUnit\Framework\Attributes\TestDox;
use PHPUnit\Framework\TestCase;

class WordFrequencyTest extends TestCase
{
    public static function setUpBeforeClass(): void
    {
        require_once 'WordFrequency.php';
    }

    /**
     * uuid 2f7c6b0e-0000-4000-8000-000000000001
     */
    #[TestDox('Counts one word')]
    public function testOneWord(): void
    {
        $this->assertEquals(['word' => 1], wordFrequency('word'));
    }

    /**
     * uuid 2f7c6b0e-0000-4000-8000-000000000002
     */
    #[TestDox('Counts repeated words')]
    public function testRepeatedWords(): void
    {
        $this->assertEquals(['one' => 1, 'fish' => 2, 'two' => 1], wordFrequency('one fish two fish'));
    }

    /**
     * uuid 2f7c6b0e-0000-4000-8000-000000000003
     */
    #[TestDox('Ignores case and punctuation')]
    public function testCaseAndPunctuation(): void
    {
        $this->assertEquals(['go' => 3], wordFrequency('Go, go! GO?'));
    }

    /**
     * uuid 2f7c6b0e-0000-4000-8000-000000000004
     */
    #[TestDox('Keeps apostrophes inside words')]
    public function testApostrophes(): void
    {
        $this->assertEquals(["farmer's" => 1, 'field' => 1], wordFrequency("farmer's field"));
    }

    /**
     * uuid 2f7c6b0e-0000-4000-8000-000000000005
     */
    #[TestDox('Handles non-ASCII letters')]
    public function testUnicode(): void
    {
        $this->assertEquals(['crème' => 2, 'brûlée' => 1], wordFrequency('Crème brûlée, crème'));
    }
}
