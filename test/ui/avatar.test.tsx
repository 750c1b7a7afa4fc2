import { describe, expect, test } from "bun:test";
import { AVATAR_COLOURS, Avatar, avatarColour, initials } from "../../src/ui/components/avatar.tsx";

describe("initials avatars", () => {
  test("show the first letters of the first and last names, or a number's last two digits", () => {
    expect(initials("Ann Lee")).toBe("AL");
    expect(initials("  maria de la  Cruz ")).toBe("MC");
    expect(initials("Ólafur")).toBe("Ó");
    expect(initials("+44 7700 900123")).toBe("23");
    expect(initials("😀 ✨")).toBe("?");
  });

  test("take one colour of the fixed palette from the name: always the same for the same name", () => {
    expect(avatarColour("Ann Lee")).toBe(avatarColour("Ann Lee"));
    const colours = new Set(
      ["Ann Lee", "Bob Stone", "Chen Wei", "Dara Ó Briain", "Eve", "Farah", "Gus", "Hana"].map(avatarColour),
    );
    expect(colours.size).toBeGreaterThan(3);
    for (const c of colours) expect(c).toBeLessThan(AVATAR_COLOURS);
  });

  test("are a class, never an inline style (the CSP forbids them), and hidden from screen readers beside the name", () => {
    const html = String(<Avatar name="<b>Ann</b> Lee" />);
    expect(html).toBe(
      `<span class="avatar avatar-${avatarColour("<b>Ann</b> Lee")}" aria-hidden="true">BL</span>`,
    );
    expect(html).not.toContain("style");
  });
});
