<?php

declare(strict_types=1);

function wordFrequency(string $text): array
{
    preg_match_all("/[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?/u", mb_strtolower($text), $matches);
    $counts = [];
    foreach ($matches[0] as $word) {
        $counts[$word] = ($counts[$word] ?? 0) + 1;
    }
    return $counts;
}
