using System.Text;

namespace NeighborBot.WeChat.WeCom;

/// <summary>WeCom counts its limits in UTF-8 bytes; Chinese takes three a character.</summary>
internal static class Utf8Text
{
    /// <summary>The text within <paramref name="maxBytes"/>, cut at a whole character and marked with "…" when cut.</summary>
    public static string Cut(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var cut = text.Length;
        while (cut > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, cut)) > maxBytes - 3)
        {
            cut = cut * 9 / 10;
        }

        return (cut > 0 && char.IsHighSurrogate(text[cut - 1]) ? text[..(cut - 1)] : text[..cut]) + "…";
    }
}
