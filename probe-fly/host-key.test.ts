import { describe, expect, it } from "vitest";
import { hostKey } from "./host-key";

describe("hostKey", () => {
  it.each([
    ["https://a.shop.example.com/x", "example.com"],
    ["https://b.shop.example.com/", "example.com"],
    ["https://example.com/", "example.com"],
    ["https://www.bbc.co.uk/", "bbc.co.uk"],
    ["https://shop.example.com.au/", "example.com.au"],
    ["http://127.0.0.1:8080/", "127.0.0.1"],
    ["http://[::1]:8080/", "::1"],
    ["https://EXAMPLE.org./", "example.org"],
  ])("keys %s by %s", (url, key) => {
    expect(hostKey(url)).toBe(key);
  });
});
