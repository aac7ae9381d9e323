"""Rumors: roster moves reported, rumored or recalled; threads across outlets; reporters."""
