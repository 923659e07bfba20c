"""The document layer every service builds its downloads on, so that their format is defined once: Word in the
official-document format of GB/T 9704-2012 (党政机关公文格式, :mod:`.word`) and print-ready Excel workbooks
(:mod:`.excel`)."""
