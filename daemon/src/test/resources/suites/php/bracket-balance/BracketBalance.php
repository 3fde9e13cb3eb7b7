<?php

declare(strict_types=1);

function isBalanced(string $text): bool
{
    $pairs = [')' => '(', ']' => '[', '}' => '{'];
    $stack = [];
    foreach (str_split($text) as $c) {
        if (in_array($c, $pairs, true)) {
            $stack[] = $c;
        } elseif (isset($pairs[$c])) {
            if (array_pop($stack) !== $pairs[$c]) {
                return false;
            }
        }
    }
    return $stack === [];
}
