#include "test-framework/unity.h"
#include "ring_buffer.h"

/* No #include <stdio.h>: snprintf comes through unity.h, as with Unity's default output. */

void setUp(void)
{
}

void tearDown(void)
{
}

static void test_reading_an_empty_ring_fails(void)
{
   ring_buffer_t *ring = ring_buffer_create(2);
   int value = 0;
   TEST_ASSERT_EQUAL_INT(-1, read(ring, &value));
   ring_buffer_destroy(ring);
}

static void test_values_come_back_in_order(void)
{
   TEST_IGNORE();   // delete this line to run test
   ring_buffer_t *ring = ring_buffer_create(3);
   char seen[32] = { 0 };
   int value = 0;
   TEST_ASSERT_EQUAL_INT(0, write(ring, 4));
   TEST_ASSERT_EQUAL_INT(0, write(ring, 5));
   TEST_ASSERT_EQUAL_INT(0, read(ring, &value));
   int first = value;
   TEST_ASSERT_EQUAL_INT(0, read(ring, &value));
   snprintf(seen, sizeof seen, "%d,%d", first, value);
   TEST_ASSERT_EQUAL_STRING("4,5", seen);
   ring_buffer_destroy(ring);
}

static void test_a_full_ring_refuses_writes(void)
{
   TEST_IGNORE();
   ring_buffer_t *ring = ring_buffer_create(1);
   TEST_ASSERT_EQUAL_INT(0, write(ring, 9));
   TEST_ASSERT_EQUAL_INT(-1, write(ring, 10));
   ring_buffer_destroy(ring);
}

static void test_the_ring_wraps_around(void)
{
   TEST_IGNORE();
   ring_buffer_t *ring = ring_buffer_create(2);
   int value = 0;
   write(ring, 1);
   write(ring, 2);
   read(ring, &value);
   write(ring, 3);
   read(ring, &value);
   TEST_ASSERT_EQUAL_INT(2, value);
   read(ring, &value);
   TEST_ASSERT_EQUAL_INT(3, value);
   ring_buffer_destroy(ring);
}

int main(void)
{
   UnityBegin("test_ring_buffer.c");

   RUN_TEST(test_reading_an_empty_ring_fails);
   RUN_TEST(test_values_come_back_in_order);
   RUN_TEST(test_a_full_ring_refuses_writes);
   RUN_TEST(test_the_ring_wraps_around);

   return UnityEnd();
}
