using System.Text;

namespace UmsOrleans.Engine.Encoders.Ocr.Recognition;

/// <summary>
/// CTC best-path decoding: the most probable class at every time step, repeats merged, blanks dropped. The
/// confidence is the mean probability of the characters kept (0 when none is), as PaddleOCR computes it.
/// </summary>
public static class CtcGreedyDecoder
{
    /// <param name="probabilities">[steps, classes] probabilities of one line.</param>
    public static (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, CharacterDictionary dictionary)
    {
        var classes = dictionary.Count;
        var steps = probabilities.Length / classes;
        var text = new StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best]) best = c;
            }
            if (best != CharacterDictionary.Blank && best != previous)
            {
                text.Append(dictionary[best]);
                sum += row[best];
                kept++;
            }
            previous = best;
        }
        return (text.ToString(), kept == 0 ? 0f : (float)(sum / kept));
    }
}
