"""The council programme and its money: Programme → Direction → Task → Measure."""
