"""Excel: importing the yearly target table (一览表) and exporting project lists as .xlsx."""
