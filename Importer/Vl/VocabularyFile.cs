namespace UmsOrleans.Importer.Vl;

/// <summary>A BERT WordPiece vocabulary (one piece a line), checked against the checkpoint's embedding rows.</summary>
public static class VocabularyFile
{
    /// <summary>Pieces in the file: its lines (a final line break does not start another piece).</summary>
    public static int CountPieces(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointImportException($"vocabulary file {path} does not exist");
        }
        return File.ReadLines(path).Count();
    }

    /// <summary>Throws naming both numbers when the file's pieces are not the checkpoint's word-embedding rows.</summary>
    public static void EnsureMatches(string path, int checkpointRows)
    {
        var pieces = CountPieces(path);
        if (pieces != checkpointRows)
        {
            throw new CheckpointImportException(
                $"vocabulary {path} has {pieces} lines but the checkpoint's word embeddings have {checkpointRows} rows; " +
                "give the vocab.txt the model was trained with (Product1M: the 21128-piece Chinese BERT vocabulary, COCO-CTC: bert-base-uncased's 30522)");
        }
    }
}
