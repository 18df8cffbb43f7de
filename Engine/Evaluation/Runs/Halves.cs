namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>Which parts of an item are encoded: its image, its text, or both (Product1M's concatenation).</summary>
[Flags]
public enum Halves
{
    Image = 1,
    Text = 2,
    Both = Image | Text,
}
